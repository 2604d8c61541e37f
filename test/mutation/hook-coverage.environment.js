/**
 * Jest environment of the mutation runs (jest.mutation.config.js).
 *
 * Dry run: Stryker's per-test coverage counts only code run between a test's start and end; code
 * run by a `beforeAll` (booting the app, logging in) would count as "static" and have every test
 * of every suite run for each of its mutants. Here it counts for each test of the block that
 * declares the hook instead: running any of them runs that hook again, so it is exactly the set of
 * tests that can see such a mutant. Each suite's covered mutants and time go to the coverage map
 * (coverage-map.js) that the mutant runs' filter and sequencer read.
 *
 * Mutant runs: once a test has failed the mutant is killed, and the rest of the suite is skipped
 * (its blocks' hooks included; runner.js skips the suites after it). Stryker needs one failure;
 * jest has no bail for Stryker's way of running it (the jest runner turns `bail` off).
 */
const { TestEnvironment } = require('jest-environment-node');
const { activeMutant, isKilled, markKilled, record } = require('./coverage-map');

function blockName(block) {
  return block && block.parent ? `${blockName(block.parent)} ${block.name}`.trimStart() : '';
}

class HookCoverageEnvironment extends TestEnvironment {
  #testPath;
  #started = Date.now();
  /** This suite's tests, by Stryker's id, with how long each took. */
  #testIds = new Map();

  constructor(config, context) {
    super(config, context);
    this.#testPath = context.testPath;
  }

  /** Stryker's instrumenter context, shared with the code under test. */
  get #stryker() {
    return this.global[this.global.__strykerGlobalNamespace__ ?? '__stryker__'];
  }

  #hookId(block) {
    return `\u0000hooks of ${this.#testPath} ${blockName(block)}`;
  }

  async handleTestEvent(event) {
    const mutant = activeMutant();
    if (mutant !== undefined) this.#bail(event, mutant);
    else this.#cover(event);
  }

  #bail(event, mutant) {
    if (isKilled(mutant)) {
      if (event.name === 'run_describe_start') event.describeBlock.mode = 'skip';
      else if (event.name === 'test_start') event.test.mode = 'skip';
    } else if (event.name === 'test_done' && event.test.errors.length > 0) {
      // Not at a failed beforeAll: its tests carry its error but have not ended yet, and one
      // skipped here would report "skipped", not "failed" (a kill reported as a survivor).
      markKilled(mutant);
    }
  }

  #cover(event) {
    const stryker = this.#stryker;
    if (!stryker || stryker.mutantCoverage === undefined) return;
    const perTest = stryker.mutantCoverage.perTest;
    if (event.name === 'hook_start' && event.hook.type === 'beforeAll') {
      stryker.currentTestId = this.#hookId(event.hook.parent);
    } else if ((event.name === 'hook_success' || event.name === 'hook_failure') && event.hook.type === 'beforeAll') {
      stryker.currentTestId = undefined;
    } else if (event.name === 'test_done') {
      const testId = `${blockName(event.test.parent)} ${event.test.name}`.trimStart();
      this.#testIds.set(testId, event.test.duration ?? 0);
      for (let block = event.test.parent; block; block = block.parent) {
        const hooks = perTest[this.#hookId(block)];
        if (!hooks) continue;
        const own = (perTest[testId] ??= {});
        for (const [mutant, hits] of Object.entries(hooks)) own[mutant] = (own[mutant] ?? 0) + hits;
      }
    } else if (event.name === 'run_finish') {
      // Only tests may appear in the coverage Stryker reads; afterAll hooks stay static.
      const prefix = `\u0000hooks of ${this.#testPath} `;
      for (const id of Object.keys(perTest).filter((key) => key.startsWith(prefix))) delete perTest[id];
      const tests = [...this.#testIds].map(([id, ms]) => ({ ms, mutants: Object.keys(perTest[id] ?? {}) }));
      record(this.#testPath, tests, Date.now() - this.#started, Object.keys(stryker.mutantCoverage.static ?? {}));
    }
  }
}

module.exports = HookCoverageEnvironment;
