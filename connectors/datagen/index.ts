/**
 * The data generator source (in the spirit of Confluent's kafka-connect-datagen): quickstart data
 * sets with Connect schemas, reproducible with a seed, optionally padded to a record size.
 */
import { connectorPlugin } from '../../runtime/api/index.js';
import { DatagenConnector } from './datagen-connector.js';

export { DatagenConnector } from './datagen-connector.js';
export { DatagenTask, ITERATION_FIELD, TASK_FIELD } from './datagen-task.js';
export { Generator } from './generator.js';
export { QUICKSTARTS, type Quickstart } from './quickstarts.js';

/** Aliases by default: DatagenConnector, Datagen. */
export const plugins = [
  connectorPlugin({ className: 'io.tributary.connect.datagen.DatagenConnector', type: 'source', connector: DatagenConnector, module: import.meta.url }),
] as const;
