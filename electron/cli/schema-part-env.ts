/** Set in the environment of a worker thread started for a part of a split schema load (parse-threads.ts). */
export const SCHEMA_PART_ENV = 'FERRY_SCHEMA_PART_WORKER';
