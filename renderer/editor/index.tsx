import { lazy, Suspense } from 'react';
import type { JsonDiffProps } from './json-diff';
import type { JsonEditorProps } from './json-editor';

export type { VariableSuggestion } from './variable-at-caret';
export type { EditorAction } from './json-editor';

/**
 * Monaco is most of the bundle: it loads in its own chunk when the first editor mounts, so the window
 * (connection bar, service tree) is usable before the editor core has been parsed.
 */
const LazyJsonEditor = lazy(() => import('./json-editor').then((m) => ({ default: m.JsonEditor })));

export function JsonEditor(props: JsonEditorProps) {
  return (
    <Suspense fallback={<div className="editor-loading">Loading editor…</div>}>
      <LazyJsonEditor {...props} />
    </Suspense>
  );
}

const LazyJsonDiff = lazy(() => import('./json-diff').then((m) => ({ default: m.JsonDiff })));

export function JsonDiff(props: JsonDiffProps) {
  return (
    <Suspense fallback={<div className="editor-loading">Loading editor…</div>}>
      <LazyJsonDiff {...props} />
    </Suspense>
  );
}

/** Frees the Monaco models of a closed tab. */
export function disposeEditorModels(modelUris: readonly string[]): void {
  void import('./json-schemas').then((m) => m.disposeModels(modelUris));
}
