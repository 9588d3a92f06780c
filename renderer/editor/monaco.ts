/**
 * The Monaco build Ferry ships: the editor core with its contributions, and the JSON language — none of
 * the 80-odd other languages that the `monaco-editor` root import would bundle.
 *
 * Monaco 0.57's language worker plumbing (internal/common/workers, imported by the JSON mode) imports
 * every editor contribution itself. Loading it lazily with the JSON mode registered those contributions
 * after the editor's services had started, and editors failed ("depends on UNKNOWN service
 * ICodeLensCache"); importing it first, before anything touches the editor, registers them in time.
 */
import 'monaco-editor/internal/common/workers';
import * as monaco from 'monaco-editor/editor/editor.api';
import { jsonDefaults } from 'monaco-editor/languages/features/json/register';

export { monaco, jsonDefaults };

// Editor backgrounds follow the app's panels (styles.css) so the editor does not look pasted in.
monaco.editor.defineTheme('ferry-dark', {
  base: 'vs-dark',
  inherit: true,
  rules: [],
  colors: { 'editor.background': '#0f1115', 'editorGutter.background': '#0f1115' },
});
monaco.editor.defineTheme('ferry-light', { base: 'vs', inherit: true, rules: [], colors: { 'editor.background': '#ffffff' } });
