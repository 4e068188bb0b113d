import { createApi } from '../../common/api.ts';

/** The admin area's API client (staff session). */
export const api = createApi('admin');
