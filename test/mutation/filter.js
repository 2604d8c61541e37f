/**
 * Jest `filter` of the mutation runs: a mutant runs only the suites whose tests executed it in the
 * dry run (test/mutation/coverage-map.js). Without a map entry, every suite runs.
 */
const { activeMutant, suitesCovering } = require('./coverage-map');

module.exports = async function filter(testPaths) {
  const covering = suitesCovering(activeMutant());
  if (!covering) return { filtered: testPaths };
  const wanted = new Set(covering);
  return { filtered: testPaths.filter((path) => wanted.has(path)) };
};
