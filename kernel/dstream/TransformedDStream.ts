import type { RDD } from '../rdd/RDD';
import { illegalState } from '../errors/EddyError';
import type { Duration } from '../util/Duration';
import type { Time } from '../util/Time';
import { DStream } from './DStream';
import { requireRDD } from './requireRDD';

/**
 * `transformWith` (and any step over several streams): the batch's RDDs of all parents,
 * which must share one slide, go to the user's function.
 */
export class TransformedDStream<U> extends DStream<U> {
  constructor(
    private readonly parents: ReadonlyArray<DStream<unknown>>,
    private readonly f: (rdds: Array<RDD<unknown>>, time: Time) => RDD<U>,
    name: string,
  ) {
    super(requireSameSlide(parents, name).ssc, name);
  }

  get slideDuration(): Duration {
    return this.parents[0].slideDuration;
  }

  get dependencies(): ReadonlyArray<DStream<unknown>> {
    return this.parents;
  }

  compute(validTime: Time): RDD<U> | undefined {
    const rdds = this.parents.map((p) => p.getOrCompute(validTime) ?? this.ssc.sparkContext.emptyRDD<unknown>());
    return requireRDD(this.f(rdds, validTime), this);
  }
}

/** Streams combined batch by batch must share context and slide; returns the first. */
export function requireSameSlide(streams: ReadonlyArray<DStream<unknown>>, what: string): DStream<unknown> {
  if (streams.length === 0) throw illegalState(`${what} needs at least one stream.`);
  const [first] = streams;
  for (const s of streams) {
    if (s.ssc !== first.ssc) {
      throw illegalState(`${what} combines streams of different StreamingContexts (${first} and ${s}).`, 'Make all streams from the same ssc.');
    }
    if (!s.slideDuration.equals(first.slideDuration)) {
      throw illegalState(
        `${what} combines streams with different slide durations: ${first} slides every ${first.slideDuration}, ${s} every ${s.slideDuration}.`,
        'Window the faster stream so both slide at the same interval.',
      );
    }
  }
  return first;
}
