import { useEffect, useRef } from 'react';
import { monaco } from './monaco';

export interface JsonDiffProps {
  /** What was there before. */
  original: string;
  /** What is there now. */
  modified: string;
  ariaLabel: string;
  theme: 'dark' | 'light';
}

/**
 * Two JSON texts as one, read only: lines of the first that changed shown removed, lines of the second
 * added (Monaco's diff editor, inline: the response panel is too narrow for two sides).
 */
export function JsonDiff({ original, modified, ariaLabel, theme }: JsonDiffProps) {
  const host = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const element = host.current;
    if (!element) return undefined;
    const editor = monaco.editor.createDiffEditor(element, {
      readOnly: true,
      originalEditable: false,
      renderSideBySide: false,
      automaticLayout: true,
      minimap: { enabled: false },
      fontSize: 13,
      scrollBeyondLastLine: false,
      renderOverviewRuler: false,
      ariaLabel,
      originalAriaLabel: `${ariaLabel}: before`,
      modifiedAriaLabel: `${ariaLabel}: now`,
    });
    const models = { original: monaco.editor.createModel(original, 'json'), modified: monaco.editor.createModel(modified, 'json') };
    editor.setModel(models);
    // Made again when a text changes: a comparison is opened to be read, not edited.
    return () => {
      editor.dispose();
      models.original.dispose();
      models.modified.dispose();
    };
  }, [original, modified, ariaLabel]);

  useEffect(() => monaco.editor.setTheme(theme === 'dark' ? 'ferry-dark' : 'ferry-light'), [theme]);

  return <div ref={host} className="json-editor json-diff" data-testid="json-diff" />;
}
