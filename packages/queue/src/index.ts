/**
 * @cellsweep/queue — transport only: the job catalog (names, payload schemas, delivery policy) on BullMQ and
 * ioredis. No database: the store stays the source of truth, the queue only carries work.
 */
export {
  JOB_CATALOG,
  QUEUE_KINDS,
  TrainTrialPayload,
  TrialProgress,
  type JobDefinition,
  type JobName,
  type JobNameOn,
  type JobPayload,
  type KeepJobs,
  type QueueKind,
} from './catalog.js';
export { consumerConnection, producerConnection, redactRedisUrl, redisOptionsFromUrl } from './connection.js';
export {
  createConsumer,
  type ConsumerOptions,
  type HandlerContext,
  type HandlerMap,
  type JobHandler,
} from './consumer.js';
export {
  InvalidJobPayloadError,
  InvalidRedisUrlError,
  RedisDatabaseUnavailableError,
  RedisUnavailableError,
  UnknownJobError,
} from './errors.js';
export { probeRedis } from './redis-probe.js';
export { listenToQueue, type QueueEventHandlers, type QueueListener } from './events.js';
export { JobProducer, jobOptions, type NewJob, type ProducerOptions, type QueueOptions } from './producer.js';
export { DelayedError, UnrecoverableError, WaitingError, type Job, type Worker } from 'bullmq';
