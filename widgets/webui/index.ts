// The browser front: `startWebUI` (in process), `attachWebUI` (`eddy ui`), and their parts.
export { startWebUI } from './startWebUI';
export type { WebUIHandle } from './startWebUI';
export { attachWebUI } from './attachWebUI';
export type { AttachWebUIOptions, AttachedWebUI } from './attachWebUI';
export { uiCommand, UI_USAGE } from './uiCommand';
export { listenWebUI } from './WebUIServer';
export type { WebUIServer, WebUIServerOptions } from './WebUIServer';
export { WebUIModel, WEBUI_LIMITS } from './WebUIModel';
export { DownsampledSeries } from './DownsampledSeries';
export type { WebUIView, BatchDetail, BatchSummary, ReceiverView, PublishedStream, ServerMessage, PageMessage } from './WebUIView';
