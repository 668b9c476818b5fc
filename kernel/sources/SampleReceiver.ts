import type { Clock } from '../clock/Clock';
import { Receiver } from '../receiver/Receiver';
import type { Sample } from './readSample';

/**
 * Replays a recorded sample with its timing scaled by `speed` (a record at offset o is
 * stored o / speed ms after the replay starts), on the injected clock. When the receiver
 * is over its rate limit or its buffer is full, the replay waits (it falls behind its
 * timing; nothing is skipped). It loops, or stops at the end of the recording.
 */
export class SampleReceiver extends Receiver<string> {
  private next = 0;
  private loopStart = 0;
  private cancel: (() => void) | undefined;
  private running = false;

  constructor(private readonly sample: Sample, private readonly clock: Clock, private readonly speed: number, private readonly loop: boolean) {
    super();
  }

  onStart(): void {
    this.running = true;
    // A restart resumes where the replay was, with the remaining records on a fresh timeline.
    const resumeAt = this.next < this.sample.records.length ? this.sample.records[this.next].offsetMs : 0;
    this.loopStart = this.clock.now() - resumeAt / this.speed;
    this.scheduleNext();
  }

  onStop(): void {
    this.running = false;
    this.cancel?.();
    this.cancel = undefined;
  }

  private scheduleNext(): void {
    const records = this.sample.records;
    if (this.next >= records.length) {
      if (!this.loop || records.length === 0) {
        this.stop(`sample ${this.sample.name} ended`);
        return;
      }
      this.next = 0;
      this.loopStart += this.sample.durationMs / this.speed;
    }
    const at = this.loopStart + records[this.next].offsetMs / this.speed;
    this.cancel = this.clock.schedule(Math.max(at, this.clock.now()), () => this.emitDue());
  }

  private emitDue(): void {
    if (!this.running) return;
    const records = this.sample.records;
    const now = this.clock.now();
    const due: string[] = [];
    while (this.next < records.length && this.loopStart + records[this.next].offsetMs / this.speed <= now) {
      due.push(records[this.next++].record);
    }
    if (due.length > 0) this.store(due);
    if (this.isWritable()) {
      this.scheduleNext();
      return;
    }
    void this.whenWritable().then(() => {
      if (this.running) this.scheduleNext();
    });
  }
}
