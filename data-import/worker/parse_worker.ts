import { parentPort, workerData } from 'node:worker_threads';
import { parseDataset } from './parse_dataset';
import type { ParseRequest } from './parse_request';

const port = parentPort;
if (port) parseDataset(workerData as ParseRequest, (message) => port.postMessage(message));
