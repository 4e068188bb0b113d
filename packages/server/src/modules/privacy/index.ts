/**
 * Privacy: the audit of staff revealing residents' phones.
 *
 * The module's public face: other modules, the app and the demo import only this file.
 */
export { logPhoneSearch } from './privacy.service.ts';
