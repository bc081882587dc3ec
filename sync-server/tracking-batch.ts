// Group commit for tracked state changes (issue 13: 1,000 durable changes/s). State changes whose
// bodies arrived in the same event-loop turn are run together at the end of it (setImmediate):
// written in as few Yjs transactions as their tasks allow (TrackingIntake.changeStates), committed
// in ONE durable transaction (hub.withRoom flushes the append queue synchronously), and only then
// answered, each with its own result. Every change is still checked on its own; a refused one
// costs the others nothing.
import type { SourceStateRequest } from '../src-shared/protocol/tracking-api';
import type { RoomHub } from './rooms';
import type { StateChange, TrackingIntake, TrackingResult } from './tracking';

interface Waiting extends StateChange {
  resolve: (result: TrackingResult) => void;
  reject: (error: unknown) => void;
}

export class StateChangeBatcher {
  private pending = new Map<string, Waiting[]>();
  private scheduled: NodeJS.Immediate | null = null;

  constructor(private readonly hub: RoomHub, private readonly intake: TrackingIntake) {}

  /** Resolves with the change's result once it is durable; rejects when the room could not store it. */
  submit(workspace: string, actor: string, sourceId: string, req: SourceStateRequest): Promise<TrackingResult> {
    return new Promise((resolve, reject) => {
      let waiting = this.pending.get(workspace);
      if (!waiting) this.pending.set(workspace, (waiting = []));
      waiting.push({ actor, sourceId, req, resolve, reject });
      this.scheduled ??= setImmediate(() => this.run());
    });
  }

  private run(): void {
    this.scheduled = null;
    const batches = this.pending;
    this.pending = new Map();
    for (const [workspace, waiting] of batches) {
      let results: TrackingResult[];
      try {
        results = this.hub.withRoom(workspace, (room) => this.intake.changeStates(room, waiting));
      } catch (error) {
        for (const change of waiting) change.reject(error);
        continue;
      }
      waiting.forEach((change, i) => change.resolve(results[i] as TrackingResult));
    }
  }
}
