/**
 * The file connectors (Kafka's FileStream connectors, same class names and settings): a source
 * that tails a file into a topic and a sink that appends record values to a file.
 */
import { connectorPlugin } from '../../runtime/api/index.js';
import { FileStreamSinkConnector } from './file-stream-sink-connector.js';
import { FileStreamSourceConnector } from './file-stream-source-connector.js';

export { FileStreamSinkConnector } from './file-stream-sink-connector.js';
export { FileStreamSinkTask, lineText } from './file-stream-sink-task.js';
export { FileStreamSourceConnector } from './file-stream-source-connector.js';
export { FileStreamSourceTask, FILENAME_FIELD, POSITION_FIELD } from './file-stream-source-task.js';

/** Aliases by default: FileStreamSourceConnector/FileStreamSource, FileStreamSinkConnector/FileStreamSink. */
export const plugins = [
  connectorPlugin({ className: 'org.apache.kafka.connect.file.FileStreamSourceConnector', type: 'source', connector: FileStreamSourceConnector, module: import.meta.url }),
  connectorPlugin({ className: 'org.apache.kafka.connect.file.FileStreamSinkConnector', type: 'sink', connector: FileStreamSinkConnector, module: import.meta.url }),
] as const;
