/**
 * Ends the current task: what follows runs in a task of its own (`scheduler.yield()`, which
 * resumes ahead of other queued tasks, else `setTimeout`). Splits work that would otherwise be one
 * long task on a slow phone (reading an answer and rendering it; a first render and its charts).
 */
export function nextTask(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  return scheduler?.yield ? scheduler.yield() : new Promise((resolve) => setTimeout(resolve, 0));
}
