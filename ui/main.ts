// Entry point of the checklist UI: page-wide styles, then the app shell (which pulls in every page).
import './styles/global.css';
import './components/hs-app.ts';
