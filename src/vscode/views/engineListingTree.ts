import * as vscode from 'vscode';
import { connectEngine, EngineClient, EngineError, EngineResult } from '../../core/engine';
import { engineProblem, ProblemNode } from '../../core/views/problemNodes';
import { EngineWatch, watchEngine } from '../../core/views/engineWatch';
import { AgeTicker, ViewClock } from './viewClock';

// What the Images and Containers views share: one engine client, one listing cached until the engine's
// `/events` stream (followed while the view is visible) says something of the watched type changed or the user
// refreshes, a failed load shown as a problem node, and ages drawn again while visible.

export interface EngineListingKind<Listed> {
  /** The view's name in the output channel. */
  readonly viewName: string;
  /** The engine event type that makes the listing stale. */
  readonly eventType: 'image' | 'container';
  /** The node's label when the listing throws. */
  readonly failedLabel: string;
  readonly list: (engine: EngineClient, signal: AbortSignal) => Promise<EngineResult<Listed>>;
}

export abstract class EngineListingTree<Node, Listed> implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  protected readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private client: Promise<EngineResult<EngineClient>> | undefined;
  private listing: Promise<Node[]> | undefined;
  private loading: AbortController | undefined;
  private watch: EngineWatch | undefined;
  /** Whether the event stream is connected now (tests wait for it before they change the engine's state). */
  private watching = false;
  protected readonly ages = new AgeTicker(() => { if (this.listing) this.changed.fire(undefined); });

  constructor(protected readonly output: vscode.OutputChannel, private readonly kind: EngineListingKind<Listed>) {}

  abstract getTreeItem(node: Node): vscode.TreeItem;
  protected abstract rootNodes(listed: Listed): Node[];
  protected abstract childNodes(node: Node): Node[];
  protected abstract problemNode(problem: ProblemNode): Node;

  /** The engine client, connected once and again after the engine went away. */
  async engine(): Promise<EngineResult<EngineClient>> {
    this.client ??= connectEngine();
    const client = await this.client;
    if (!client.ok) this.client = undefined;
    return client;
  }

  async getChildren(node?: Node): Promise<Node[]> {
    try {
      if (node) return this.childNodes(node);
      // A refresh while loading (an engine event, Refresh) cancels that load: whoever waited for it gets the new
      // listing, not the empty answer of the cancelled one. Bounded, so that a storm of events cannot keep it here.
      for (let attempt = 1; ; attempt++) {
        const listing = (this.listing ??= this.load());
        const nodes = await listing;
        if (this.listing === listing || attempt === 3) return nodes;
      }
    } catch (error) {
      // A provider must not reject: the view would show nothing and say nothing.
      return [this.problemNode({ label: this.kind.failedLabel, detail: (error as Error).message, canLogIn: false })];
    }
  }

  /**
   * Loads again: cancels a load in flight, forgets the cache, and lets the view ask again. `reconnect`
   * (Refresh and Retry) looks the engine up again too: DOCKER_HOST or the docker context may point elsewhere now.
   */
  refresh(reconnect = false): void {
    this.loading?.abort();
    this.loading = undefined;
    this.listing = undefined;
    if (reconnect && this.client) {
      const previous = this.client;
      this.client = undefined;
      // Closed once an action still using it (a removal, a tag) has had time to finish.
      setTimeout(() => void previous.then(client => { if (client.ok) client.value.close(); }), 30_000).unref();
    }
    this.changed.fire(undefined);
  }

  /** Follows the engine's events, and keeps ages current, while the view is visible (the caller says when). */
  setVisible(visible: boolean): void {
    this.ages.setVisible(visible);
    if (visible && !this.watch) {
      // Events missed while hidden: what was loaded before may be out of date.
      if (this.listing) this.refresh();
      this.watch = watchEngine({
        // A connection of its own: a refresh closes the view's client, the stream must outlive it.
        connect: () => connectEngine(),
        filters: { type: [this.kind.eventType] },
        onChange: () => this.refresh(),
        onConnection: (connected, error?: EngineError) => {
          this.watching = connected;
          if (!connected) this.output.appendLine(`${this.kind.viewName} view: lost the engine's event stream${error ? ` (${error.message})` : ''}; reconnecting`);
        },
      });
    } else if (!visible && this.watch) {
      this.watch.stop();
      this.watch = undefined;
      this.watching = false;
    }
  }

  /** For tests: whether engine events reach the view right now. */
  get isWatchingEvents(): boolean {
    return this.watching;
  }

  /** For tests: the clock ages are reckoned and redrawn by (undefined: the system's, once a minute). */
  setClock(clock: ViewClock | undefined): void {
    this.ages.setClock(clock);
  }

  dispose(): void {
    this.setVisible(false);
    this.ages.dispose();
    this.loading?.abort();
    this.changed.dispose();
    void this.client?.then(client => { if (client.ok) client.value.close(); });
  }

  private async load(): Promise<Node[]> {
    const controller = new AbortController();
    this.loading = controller;
    const engine = await this.engine();
    if (!engine.ok) return [this.problemNode(engineProblem(engine.error))];
    const listed = await this.kind.list(engine.value, controller.signal);
    if (!listed.ok) {
      if (listed.error.category === 'cancelled') return [];
      if (listed.error.category === 'network' || listed.error.category === 'no-engine') this.client = undefined;
      return [this.problemNode(engineProblem(listed.error))];
    }
    return this.rootNodes(listed.value);
  }
}
