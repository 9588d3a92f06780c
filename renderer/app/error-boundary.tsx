import { Component, type ErrorInfo, type ReactNode } from 'react';

interface State {
  error?: Error;
}

/** A render bug shows a way out instead of a blank window; the stack goes to the console for a bug report. */
export class ErrorBoundary extends Component<{ children: ReactNode }, State> {
  override state: State = {};

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    // eslint-disable-next-line no-console -- the only place a renderer bug is recorded
    console.error('Ferry UI error', error, info.componentStack);
  }

  override render() {
    if (!this.state.error) return this.props.children;
    return (
      <div className="fatal" role="alert">
        <h1>Something in Ferry's window broke.</h1>
        <p>This is a bug in Ferry (INTERNAL_BUG). Your requests on the server side are unaffected.</p>
        <pre className="fatal-message">{this.state.error.message}</pre>
        <button type="button" className="button-primary" onClick={() => window.location.reload()}>
          Reload window
        </button>
      </div>
    );
  }
}
