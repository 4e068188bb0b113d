export { BargainOffersPage as default } from './BargainPage.tsx';
