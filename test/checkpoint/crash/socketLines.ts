import type { DStream, StreamingContext } from '../../../kernel';

/**
 * The socket source of the crash test: `socketTextStream` with the receiver
 * write-ahead log on (segments rolling every second, so that cleanup runs too). The test's
 * server sends `<seq>\t<words>` lines; the sequence number lets it resume after a kill
 * from the last line the log holds, and is dropped here.
 */
export function socketLines(ssc: StreamingContext, hostPort: string): DStream<string> {
  ssc.conf
    .set('spark.streaming.receiver.writeAheadLog.enable', 'true')
    .set('spark.streaming.receiver.writeAheadLog.rollingIntervalSecs', '1')
    .set('spark.streaming.blockInterval', '50ms');
  const [host, port] = hostPort.split(':');
  return ssc.socketTextStream(host, Number(port)).map((l) => l.slice(l.indexOf('\t') + 1));
}
