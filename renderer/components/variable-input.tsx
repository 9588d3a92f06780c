import { useId, useLayoutEffect, useRef, useState, type InputHTMLAttributes, type KeyboardEvent } from 'react';
import { matchingVariables, variableAtCaret, withVariable, type VariableSuggestion } from '../editor/variable-at-caret';

export interface VariableInputProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange' | 'role'> {
  value: string;
  onValueChange(value: string): void;
  /** What to offer after `{{`, in order (see the body editor's completion, which offers the same). */
  variables: readonly VariableSuggestion[];
}

/**
 * A one-line text input that offers `{{variables}}` after `{{`, as the body editor does: a combobox whose
 * list shows only while the caret is inside an open `{{`. Arrows move, Enter or Tab writes the name and its
 * closing braces, Escape closes the list. A `list` (datalist) given is dropped while the list shows, so the
 * browser's own suggestions do not cover it.
 */
export function VariableInput({ value, onValueChange, variables, list, className, ...inputProps }: VariableInputProps) {
  const input = useRef<HTMLInputElement>(null);
  const listId = useId();
  const [caret, setCaret] = useState<number | undefined>(undefined);
  const [active, setActive] = useState(0);
  const [dismissed, setDismissed] = useState(false);
  const pendingCaret = useRef<number | undefined>(undefined);

  useLayoutEffect(() => {
    if (pendingCaret.current === undefined || !input.current) return;
    input.current.setSelectionRange(pendingCaret.current, pendingCaret.current);
    pendingCaret.current = undefined;
  });

  const at = caret === undefined ? undefined : variableAtCaret(value, caret + 1);
  const options = at ? matchingVariables(variables, at.typed) : [];
  const open = !dismissed && options.length > 0;
  const chosen = Math.min(active, options.length - 1);
  const optionId = (i: number) => `${listId}-${i}`;
  const activeId = open ? optionId(chosen) : undefined;

  useLayoutEffect(() => {
    if (activeId !== undefined) document.getElementById(activeId)?.scrollIntoView({ block: 'nearest' });
  }, [activeId]);

  const follow = (): void => {
    const element = input.current;
    setCaret(element && element === document.activeElement && element.selectionStart === element.selectionEnd ? (element.selectionStart ?? undefined) : undefined);
  };
  const choose = (name: string): void => {
    if (caret === undefined) return;
    const written = withVariable(value, caret, name);
    if (!written) return;
    pendingCaret.current = written.caret;
    setCaret(written.caret);
    onValueChange(written.text);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>): void => {
    if (!open) return;
    const step = event.key === 'ArrowDown' ? 1 : event.key === 'ArrowUp' ? -1 : 0;
    if (step !== 0) setActive((chosen + step + options.length) % options.length);
    else if (event.key === 'Enter' || event.key === 'Tab') choose(options[chosen]!.name);
    else if (event.key === 'Escape') setDismissed(true);
    else return;
    event.preventDefault();
  };

  return (
    <span className={`variable-input ${className ?? ''}`}>
      <input
        {...inputProps}
        ref={input}
        value={value}
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={open}
        aria-controls={listId}
        {...(activeId !== undefined ? { 'aria-activedescendant': activeId } : { list })}
        onChange={(event) => {
          setDismissed(false);
          setActive(0);
          onValueChange(event.target.value);
          follow();
        }}
        onSelect={follow}
        onFocus={follow}
        onBlur={() => setCaret(undefined)}
        onKeyDown={onKeyDown}
      />
      <ul id={listId} role="listbox" aria-label="Variables" className="variable-options" hidden={!open}>
        {open
          ? options.map((variable, i) => (
              <li
                key={variable.name}
                id={optionId(i)}
                role="option"
                aria-selected={i === chosen}
                aria-label={[variable.name, variable.detail, variable.documentation].filter((part) => part !== undefined).join(', ')}
                onMouseDown={(event) => {
                  // Keeps the focus (and the caret) in the input.
                  event.preventDefault();
                  choose(variable.name);
                }}
              >
                <span className="variable-option-name">{variable.name}</span>
                <span className="variable-option-detail">{variable.detail}</span>
                {variable.documentation !== undefined ? <span className="variable-option-value">{variable.documentation}</span> : null}
              </li>
            ))
          : null}
      </ul>
    </span>
  );
}
