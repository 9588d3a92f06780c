import { useEffect, useState } from 'react';
import { describeFerryError } from '../../../shared/errors';
import type { Assertion } from '../../../shared/model';
import { useFerry, type RequestTab } from '../../store';
import {
  ASSERTION_KINDS,
  JSON_PATH_OPS,
  STATUS_NAMES,
  defaultAssertion,
  expectedText,
  parseCount,
  parseExpected,
  resultFor,
  statusNameOf,
  type AssertionKind,
} from '../../store/assertions';

interface DraftInputProps<T> {
  label: string;
  value: T;
  format: (value: T) => string;
  /** undefined when the text is not a valid value. */
  parse: (text: string) => T | undefined;
  onCommit: (value: T) => void;
  placeholder?: string;
  inputMode?: 'numeric';
}

const sameValue = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * A text field over a typed value: the text stays as typed (`"hi"` keeps its quotes) and the value commits
 * on every valid edit; a change of the value from elsewhere (a reload, a removed row) replaces the text.
 */
function DraftInput<T>({ label, value, format, parse, onCommit, placeholder, inputMode }: DraftInputProps<T>) {
  const [text, setText] = useState(() => format(value));
  useEffect(() => {
    setText((current) => {
      const parsed = parse(current);
      return parsed !== undefined && sameValue(parsed, value) ? current : format(value);
    });
  }, [value, format, parse]);
  return (
    <input
      aria-label={label}
      aria-invalid={parse(text) === undefined || undefined}
      value={text}
      spellCheck={false}
      placeholder={placeholder}
      inputMode={inputMode}
      onChange={(e) => {
        setText(e.target.value);
        const parsed = parse(e.target.value);
        if (parsed !== undefined && !sameValue(parsed, value)) onCommit(parsed);
      }}
    />
  );
}

const countText = (n: number) => String(n);

function AssertionFields({ assertion, n, onChange }: { assertion: Assertion; n: number; onChange: (next: Assertion) => void }) {
  switch (assertion.type) {
    case 'status':
      return (
        <select aria-label={`Expected status ${n}`} value={statusNameOf(assertion.status)} onChange={(e) => onChange({ type: 'status', status: e.target.value })}>
          {STATUS_NAMES.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
      );
    case 'jsonPath':
      return (
        <>
          <input aria-label={`JSONPath ${n}`} value={assertion.path} spellCheck={false} placeholder="$.field" onChange={(e) => onChange({ ...assertion, path: e.target.value })} />
          <select aria-label={`Operator ${n}`} value={assertion.op} onChange={(e) => onChange({ ...assertion, op: e.target.value as typeof assertion.op })}>
            {JSON_PATH_OPS.map((op) => (
              <option key={op} value={op}>
                {op}
              </option>
            ))}
          </select>
          <DraftInput<unknown>
            label={`Expected value ${n}`}
            value={assertion.expected}
            format={expectedText}
            parse={parseExpected}
            placeholder={assertion.op === 'matches' ? 'regular expression' : 'JSON or text'}
            onCommit={(expected) => onChange({ ...assertion, expected })}
          />
        </>
      );
    case 'maxTime':
      return <DraftInput<number> label={`Max time ms ${n}`} value={assertion.ms} format={countText} parse={parseCount} inputMode="numeric" onCommit={(ms) => onChange({ type: 'maxTime', ms })} />;
    case 'messageCount':
      return <DraftInput<number> label={`Message count ${n}`} value={assertion.count} format={countText} parse={parseCount} inputMode="numeric" onCommit={(count) => onChange({ type: 'messageCount', count })} />;
  }
}

/** ` (2)`, or ` (2, 1 failed)` once checked: the toggle's label shows failures while the list is hidden. */
export function assertionsSummary(tab: RequestTab): string {
  if (tab.assertions.length === 0) return '';
  const check = tab.assertionCheck?.callId === tab.callId ? tab.assertionCheck : undefined;
  const failed = tab.assertions.filter((a, i) => resultFor(check, i, a)?.passed === false).length;
  return ` (${tab.assertions.length}${failed > 0 ? `, ${failed} failed` : ''})`;
}

/** The tab's assertions (saved with the request, checked by `ferry run`), each with its result after a call. */
export function AssertionsEditor({ tab }: { tab: RequestTab }) {
  const setAssertions = useFerry((s) => s.setAssertions);
  const checkAssertions = useFerry((s) => s.checkAssertions);
  const ended = useFerry((s) => (tab.callId ? s.sessions[tab.callId]?.ended === true : false));
  const check = tab.assertionCheck?.callId === tab.callId ? tab.assertionCheck : undefined;
  const replace = (index: number, next: Assertion) => setAssertions(tab.id, tab.assertions.map((a, i) => (i === index ? next : a)));

  return (
    <div className="assertions" role="group" aria-label="Assertions">
      {tab.assertions.length > 0 ? (
        <ol className="assertion-list">
          {tab.assertions.map((assertion, i) => {
            const n = i + 1;
            const result = resultFor(check, i, assertion);
            return (
              <li key={i} className="assertion-row">
                <select aria-label={`Assertion kind ${n}`} value={assertion.type} onChange={(e) => replace(i, defaultAssertion(e.target.value as AssertionKind))}>
                  {ASSERTION_KINDS.map(({ kind, label }) => (
                    <option key={kind} value={kind}>
                      {label}
                    </option>
                  ))}
                </select>
                <AssertionFields assertion={assertion} n={n} onChange={(next) => replace(i, next)} />
                <button type="button" className="icon-button" aria-label={`Remove assertion ${n}`} onClick={() => setAssertions(tab.id, tab.assertions.filter((_, j) => j !== i))}>
                  ×
                </button>
                <span role="status" aria-label={`Assertion ${n} result`} className={result ? (result.passed ? 'ok-text' : 'error-text') : 'muted'} title={result?.description}>
                  {result ? (result.passed ? 'Passed' : `Failed: ${result.failure ?? result.description}`) : check?.results.status === 'loading' ? 'Checking…' : 'Not checked'}
                </span>
              </li>
            );
          })}
        </ol>
      ) : (
        <p className="muted small">
          No assertions yet. Without a status assertion, <code>ferry run</code> expects OK.
        </p>
      )}
      {check?.results.status === 'error' ? <p className="request-error">Could not check the assertions: {describeFerryError(check.results.error)}</p> : null}
      <div className="assertion-actions">
        <button type="button" className="button-ghost small" onClick={() => setAssertions(tab.id, [...tab.assertions, defaultAssertion('status')])}>
          Add assertion
        </button>
        <button type="button" className="button-ghost small" disabled={!ended || tab.assertions.length === 0} title="Check against the last response" onClick={() => void checkAssertions(tab.id)}>
          Check assertions
        </button>
      </div>
    </div>
  );
}
