// The experiment sessions of open panels, one per document, and which one is active (the target of
// the palette commands). Pure: no `vscode` import.
import { ExperimentSession, type SessionDocument, type SessionServices } from './experimentSession';

export class SessionRegistry {
  private readonly sessions = new Map<string, ExperimentSession>();
  private active: ExperimentSession | undefined;
  private readonly listeners = new Set<() => void>();

  constructor(private readonly services: SessionServices) {}

  get(uriString: string): ExperimentSession | undefined {
    return this.sessions.get(uriString);
  }

  all(): ExperimentSession[] {
    return [...this.sessions.values()];
  }

  /** The session of a document, made on first use. */
  acquire(document: SessionDocument): ExperimentSession {
    let session = this.sessions.get(document.uriString);
    if (!session) {
      session = new ExperimentSession(document, this.services);
      this.sessions.set(document.uriString, session);
    }
    return session;
  }

  /** Disposes a session whose last panel closed. */
  release(session: ExperimentSession): void {
    if (session.views.size > 0) return;
    session.dispose();
    this.sessions.delete(session.document.uriString);
    if (this.active === session) this.setActive(undefined);
  }

  get activeSession(): ExperimentSession | undefined {
    return this.active;
  }

  setActive(session: ExperimentSession | undefined): void {
    if (this.active === session) return;
    this.active = session;
    this.changed();
  }

  onDidChange(listener: () => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** Something about a session changed (running state, results): update context keys etc. */
  changed(): void {
    for (const listener of this.listeners) listener();
  }

  dispose(): void {
    for (const session of this.sessions.values()) session.dispose();
    this.sessions.clear();
    this.active = undefined;
    this.listeners.clear();
  }
}
