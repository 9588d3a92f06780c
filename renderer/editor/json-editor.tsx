import { useEffect, useRef } from 'react';
import { setModelSchema } from './json-schemas';
import { monaco } from './monaco';
import type { VariableSuggestion } from './variable-at-caret';
import { setModelVariables } from './variable-completion';

/** A problem in the text, in editor terms (1-based line and column). */
export interface TextProblem {
  message: string;
  line: number;
  column: number;
}

export interface JsonEditorProps {
  /** Model URI: one model per tab keeps undo history and scroll position across tab switches. */
  path: string;
  value: string;
  ariaLabel: string;
  theme: 'dark' | 'light';
  readOnly?: boolean;
  schema?: Record<string, unknown>;
  onChange?: (value: string) => void;
  /**
   * The first error Monaco reports (syntax), tagged with the model text it was reported for, or undefined
   * once there is none. Monaco validates after a debounce, so a report can describe text since edited:
   * callers compare `text` with the current body.
   */
  onProblem?: (problem: (TextProblem & { text: string }) | undefined) => void;
  /** The caller's own verdict on the current text (what blocks Send), marked in the editor as an error. */
  problem?: TextProblem;
  /**
   * Text the caller takes as valid where Monaco's JSON sees a syntax error (a body with whole-value
   * `{{variables}}`): Monaco's syntax errors for it are dropped, so nothing is underlined or reported.
   */
  acceptsSyntax?: (text: string) => boolean;
  /** Offered after `{{` as the user types a variable. */
  variables?: readonly VariableSuggestion[];
  /** Entries of the editor's context menu, each given the offset of the caret (where the user right-clicked). */
  contextActions?: readonly EditorAction[];
}

export interface EditorAction {
  id: string;
  label: string;
  run(offset: number, text: string): void;
}

const escapeMarkdown = (text: string) => text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');

const viewStates = new Map<string, monaco.editor.ICodeEditorViewState | null>();

let overflowHost: HTMLElement | undefined;

/**
 * Where completion, hover and other floating widgets of every editor go: a layer on <body>. Inside an editor
 * they would sit in a panel with `contain: strict` (styles.css), which makes fixed positions relative to the
 * panel and clips whatever crosses its edge, so widgets opened far from the caret and were cut off.
 */
function overflowWidgetsHost(): HTMLElement {
  if (overflowHost?.isConnected) return overflowHost;
  overflowHost = document.createElement('div');
  // Monaco's widget styles and theme colours are scoped to .monaco-editor.
  overflowHost.className = 'monaco-editor editor-overflow-widgets';
  document.body.appendChild(overflowHost);
  return overflowHost;
}

/** Monaco's JSON language reports its markers under its language id. */
const JSON_MARKER_OWNER = 'json';

export function JsonEditor({ path, value, ariaLabel, theme, readOnly = false, schema, onChange, onProblem, problem, acceptsSyntax, variables, contextActions }: JsonEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const editorRef = useRef<monaco.editor.IStandaloneCodeEditor | null>(null);
  const callbacks = useRef({ onChange, onProblem, acceptsSyntax });
  callbacks.current = { onChange, onProblem, acceptsSyntax };
  // Set while we push `value` into the model, so that edit is not echoed back as a user change.
  const applying = useRef(false);
  // The text the editor last reported. A `value` equal to it is our own echo, possibly from a render that
  // started before the user typed more: pushing it back would undo those keystrokes.
  const lastReported = useRef<string | undefined>(undefined);

  useEffect(() => {
    const element = host.current;
    if (!element) return;
    const editor = monaco.editor.create(element, {
      model: null,
      minimap: { enabled: false },
      fontSize: 13,
      lineNumbersMinChars: 3,
      scrollBeyondLastLine: false,
      automaticLayout: true,
      tabSize: 2,
      fixedOverflowWidgets: true,
      overflowWidgetsDomNode: overflowWidgetsHost(),
      wordWrap: 'on',
      readOnly,
      domReadOnly: readOnly,
      ariaLabel,
    });
    editorRef.current = editor;
    const changes = editor.onDidChangeModelContent(() => {
      if (applying.current) return;
      lastReported.current = editor.getValue();
      callbacks.current.onChange?.(lastReported.current);
    });
    return () => {
      changes.dispose();
      editor.dispose();
      editorRef.current = null;
    };
    // Options that change later are applied below; the editor itself lives as long as the component.
  }, []);

  useEffect(() => {
    const editor = editorRef.current;
    if (!editor) return;
    const uri = monaco.Uri.parse(path);
    const model = monaco.editor.getModel(uri) ?? monaco.editor.createModel(value, 'json', uri);
    editor.setModel(model);
    lastReported.current = model.getValue();
    const saved = viewStates.get(path);
    if (saved) editor.restoreViewState(saved);
    const report = () => {
      const error = monaco.editor.getModelMarkers({ resource: uri }).find((m) => m.severity === monaco.MarkerSeverity.Error);
      callbacks.current.onProblem?.(error ? { message: error.message, line: error.startLineNumber, column: error.startColumn, text: model.getValue() } : undefined);
    };
    /** True when it drops Monaco's syntax errors; setting the markers then fires this listener again. */
    const dropAcceptedErrors = (): boolean => {
      const own = monaco.editor.getModelMarkers({ resource: uri, owner: JSON_MARKER_OWNER });
      const isError = (m: monaco.editor.IMarker) => m.severity === monaco.MarkerSeverity.Error;
      if (!own.some(isError) || callbacks.current.acceptsSyntax?.(model.getValue()) !== true) return false;
      // Not from inside this listener: Monaco delivers marker changes made while it delivers one to nobody,
      // so the squiggles would stay.
      const version = model.getVersionId();
      setTimeout(() => {
        if (!model.isDisposed() && model.getVersionId() === version) monaco.editor.setModelMarkers(model, JSON_MARKER_OWNER, own.filter((m) => !isError(m)));
      });
      return true;
    };
    const markers = monaco.editor.onDidChangeMarkers((uris) => {
      if (uris.some((u) => u.toString() === uri.toString()) && !dropAcceptedErrors()) report();
    });
    return () => {
      markers.dispose();
      viewStates.set(path, editor.saveViewState());
    };
    // `value` is synced by the next effect; re-running this one per keystroke would reset the view.
  }, [path]);

  useEffect(() => {
    const model = editorRef.current?.getModel();
    if (!model || value === lastReported.current || model.getValue() === value) return;
    applying.current = true;
    // An edit operation (not setValue) keeps "Reset to example" undoable with Ctrl+Z.
    if (readOnly) model.setValue(value);
    else model.pushEditOperations([], [{ range: model.getFullModelRange(), text: value }], () => null);
    applying.current = false;
    lastReported.current = value;
  }, [value, path, readOnly]);

  // A decoration drawn like an error marker, not a marker: markers come back through onDidChangeMarkers,
  // where this one would be reported as Monaco's and tagged with text it was not computed for.
  useEffect(() => {
    const editor = editorRef.current;
    const model = editor?.getModel();
    if (!editor || !model || !problem) return;
    // At least one character; a whole word (a key's name) when one starts there or just after a quote.
    const word = model.getWordAtPosition({ lineNumber: problem.line, column: problem.column + 1 });
    const range = new monaco.Range(problem.line, problem.column, problem.line, Math.max(problem.column + 1, word?.endColumn ?? 0));
    const options = {
      className: 'squiggly-error',
      hoverMessage: { value: escapeMarkdown(problem.message) },
      overviewRuler: { color: 'rgba(229, 20, 0, 0.7)', position: monaco.editor.OverviewRulerLane.Right },
    };
    const marks = editor.createDecorationsCollection([{ range, options }]);
    return () => marks.clear();
  }, [path, value, problem?.message, problem?.line, problem?.column]);

  useEffect(() => editorRef.current?.updateOptions({ readOnly, domReadOnly: readOnly, ariaLabel }), [readOnly, ariaLabel]);
  useEffect(() => monaco.editor.setTheme(theme === 'dark' ? 'ferry-dark' : 'ferry-light'), [theme]);

  useEffect(() => {
    if (readOnly) return;
    setModelSchema(path, schema);
    return () => setModelSchema(path, undefined);
  }, [path, schema, readOnly]);

  useEffect(() => {
    const editor = editorRef.current;
    if (!editor || !contextActions) return;
    const added = contextActions.map((action, i) =>
      editor.addAction({
        id: action.id,
        label: action.label,
        contextMenuGroupId: 'ferry',
        contextMenuOrder: i,
        run: (ed) => {
          const model = ed.getModel();
          const position = ed.getPosition();
          if (model && position) action.run(model.getOffsetAt(position), model.getValue());
        },
      }),
    );
    return () => added.forEach((action) => action.dispose());
  }, [contextActions]);

  useEffect(() => {
    if (readOnly) return;
    setModelVariables(path, variables);
    return () => setModelVariables(path, undefined);
  }, [path, variables, readOnly]);

  return <div ref={host} className="json-editor" />;
}
