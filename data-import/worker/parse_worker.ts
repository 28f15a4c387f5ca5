import { parentPort, workerData } from 'node:worker_threads';
import type { ParseMessage, ReadRequest } from './parse_request';
import { readDataset } from './read_dataset';

const port = parentPort;
// Row bytes are transferred, not copied: the main thread only passes them on to COPY.
const post = (message: ParseMessage) =>
  port?.postMessage(message, message.type === 'rows' ? [message.bytes.buffer as ArrayBuffer] : []);
if (port) void readDataset(workerData as ReadRequest, post);
