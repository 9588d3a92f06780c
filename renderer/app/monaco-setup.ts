/**
 * Monaco's web workers from the local bundle, never a CDN (the CSP allows only 'self'): Vite's `?worker`
 * imports emit them as files of our own. Only the worker constructors live in the main chunk; Monaco itself
 * loads lazily with the first editor (editor/index.ts), and reads MonacoEnvironment when it starts a worker.
 *
 * We drive Monaco directly (editor/json-editor.tsx) rather than through @monaco-editor/react: its loader
 * carries a jsDelivr URL as its default, and a bundle that must hold no CDN reference is easier to check
 * when the URL is not in it at all.
 */
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
import JsonWorker from 'monaco-editor/languages/features/json/json.worker?worker';

self.MonacoEnvironment = {
  getWorker: (_workerId: string, label: string) => (label === 'json' ? new JsonWorker() : new EditorWorker()),
};
