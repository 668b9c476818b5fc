// Public names of the receivers area, re-exported by kernel/index.ts.
import '../receiver/receiverStream';
export { Receiver } from '../receiver/Receiver';
export { ReceiverInputDStream } from '../dstream/ReceiverInputDStream';
export { ReceiverSupervisor } from '../receiver/ReceiverSupervisor';
export type { ReceiverState } from '../receiver/ReceiverSupervisor';
export { ReceiverTracker } from '../receiver/ReceiverTracker';
export type { ReceiverConfig, OverflowPolicy } from '../receiver/ReceiverConfig';
export type { ReceivedBlock } from '../receiver/ReceivedBlock';
export { BlockRDD } from '../receiver/BlockRDD';
export { RateLimiter } from '../receiver/RateLimiter';
export { PIDRateEstimator } from '../receiver/rate/PIDRateEstimator';
export type { PIDGains } from '../receiver/rate/PIDRateEstimator';
export type { RateEstimator, RateTerms } from '../receiver/rate/RateEstimator';
export { RateController } from '../receiver/rate/RateController';
