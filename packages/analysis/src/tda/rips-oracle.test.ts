// Our diagrams against GUDHI and Ripser on the fixtures made by scripts/make-tda-fixtures.py.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ripsPersistence, ripsPersistenceOfDistances } from './index.js';
import { diagramDifference, fromJson, type JsonPair } from './test-helpers.js';

interface RipsFixture {
  name: string;
  points?: number[][];
  lower?: number[];
  maxDim: number;
  threshold: number | null;
  tolerance?: number;
  dimensions: JsonPair[][];
}

const load = (file: string): RipsFixture[] => JSON.parse(readFileSync(new URL(`./fixtures/${file}`, import.meta.url), 'utf8'));

function check(fixture: RipsFixture, tolerance: number): void {
  const options = { maxDim: fixture.maxDim, threshold: fixture.threshold ?? undefined };
  const result = fixture.points ? ripsPersistence(fixture.points, options) : ripsPersistenceOfDistances({ lower: fixture.lower! }, options);
  const expected = fromJson(fixture.dimensions);
  expect(result.dimensions).toHaveLength(fixture.maxDim + 1);
  result.dimensions.forEach((diagram, dim) => {
    expect(diagramDifference(diagram, expected[dim]!, tolerance), `H${dim}`).toBeNull();
  });
}

describe('Rips persistence matches GUDHI (double precision, within 1e-9)', () => {
  for (const fixture of load('rips-gudhi.json')) it(fixture.name, () => check(fixture, 1e-9));
});

describe('Rips persistence matches the Ripser binary', () => {
  // Integer matrices within 1e-9; point clouds within 1e-5 (Ripser computes in float32, prints 6 digits).
  for (const fixture of load('rips-ripser.json')) it(`${fixture.name} (±${fixture.tolerance})`, () => check(fixture, fixture.tolerance!));
});
