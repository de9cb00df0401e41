'use strict';
// Runs in a worker thread: bcrypt is CPU-bound and must never block the event loop.
const bcrypt = require('bcryptjs');

module.exports = function bcryptTask(task) {
  if (task.op === 'compare') return bcrypt.compare(task.plain, task.hash);
  return bcrypt.hash(task.plain, task.cost);
};
