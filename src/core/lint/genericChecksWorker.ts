// The worker thread of GenericChecksThread (genericChecksThread.ts): runs dockerfile-utils' generic checks on
// each text it is sent, posts the findings (or the error), then raises the shared flag the linting thread waits on.
import { workerData } from 'node:worker_threads';
import { genericFindings } from './genericChecks';
import { ANSWERED, GenericChecksAnswer, GenericChecksJob, GenericChecksWorkerData, READY } from './genericChecksThread';

const { port, flags } = workerData as GenericChecksWorkerData;

port.on('message', ({ id, text }: GenericChecksJob) => {
  const { findings, error } = genericFindings(text);
  const answer: GenericChecksAnswer = error === undefined
    ? { id, findings }
    : { id, error: error instanceof Error ? { name: error.name, message: error.message, ...(error.stack ? { stack: error.stack } : {}) } : { name: 'Error', message: String(error) } };
  port.postMessage(answer);
  Atomics.store(flags, ANSWERED, id);
  Atomics.notify(flags, ANSWERED);
});

Atomics.store(flags, READY, 1);
