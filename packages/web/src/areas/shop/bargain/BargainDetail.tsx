export { BargainDetailPage as default } from './BargainPage.tsx';
