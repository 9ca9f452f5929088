// Runs before every test file, before any import: settings that modules read
// at import time (queue prefix, database) must be fixed here, not in beforeAll.
process.env.NODE_ENV = 'test';
process.env.DATABASE_URL ??= 'postgresql://postgres@127.0.0.1:5432/bridge_test';
process.env.REDIS_URL ??= 'redis://127.0.0.1:6379/1';
process.env.QUEUE_PREFIX ??= 'bridge-test';
process.env.LOG_LEVEL ??= 'error';
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
