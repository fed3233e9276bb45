// A rendering error in one panel shows a message in that panel, never a blank page. The
// graph is in the store and in IndexedDB, so retrying or reloading loses nothing.
import { Component, type ErrorInfo, type ReactNode } from "react";

interface Props {
  name: string;
  children: ReactNode;
}

export class PanelBoundary extends Component<Props, { error: Error | null }> {
  override state = { error: null as Error | null };

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  override componentDidCatch(error: Error, info: ErrorInfo) {
    console.error(`wiregrad: the ${this.props.name} panel failed`, error, info.componentStack);
  }

  override render() {
    const { error } = this.state;
    if (!error) return this.props.children;
    return (
      <div className="panel-crash" role="alert" data-testid={`crash-${this.props.name}`}>
        <h2>The {this.props.name} hit a problem</h2>
        <p className="muted">{error.message}</p>
        <p>Your graph is safe: it is saved in this browser after every change.</p>
        <div className="inspector-actions">
          <button type="button" onClick={() => this.setState({ error: null })}>
            Try again
          </button>
          <button type="button" onClick={() => location.reload()}>
            Reload the page
          </button>
        </div>
      </div>
    );
  }
}
