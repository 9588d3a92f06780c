export { useVariableSuggestions } from './variable-suggestions';
