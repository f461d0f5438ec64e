/** The Chart view's choices and numbers, on the output of the sales report template's grouping step. */
import { describe, expect, it } from 'vitest';
import { chartColumns, chartPoints, defaultSetup, ITEM_NUMBER, valueAxis } from '../../../app/workflows/[id]/lib/chart-data';

const regions = [
  { region: 'North', orders: 4, total: 61.3, average: 15.325 },
  { region: 'East', orders: 3, total: 87.49, average: 29.16 },
  { region: 'South', orders: 3, total: 78.19, average: 26.06 },
  { region: 'West', orders: 2, total: '40.10', average: 20.05 },
];

describe('chart choices', () => {
  it('offers text and number columns as labels, and only number columns as values', () => {
    expect(chartColumns([...regions, { region: 'Nowhere', orders: null, note: { a: 1 } }])).toEqual({
      labels: ['region', 'orders', 'total', 'average'],
      numbers: ['orders', 'total', 'average'],
    });
  });

  it('starts with bars of the first number column by the first text column', () => {
    expect(defaultSetup(regions)).toEqual({ kind: 'bar', label: 'region', value: 'orders' });
  });

  it('passes over ids, numbers items when no column names them, and draws dates as a line', () => {
    expect(
      defaultSetup([
        { id: 1, score: 5 },
        { id: 2, score: 7 },
      ]),
    ).toEqual({ kind: 'bar', label: ITEM_NUMBER, value: 'score' });
    expect(
      defaultSetup([
        { day: '2024-05-01', visits: 10 },
        { day: '2024-05-02', visits: 12 },
      ]),
    ).toEqual({ kind: 'line', label: 'day', value: 'visits' });
    expect(defaultSetup([{ name: 'a' }, { name: 'b' }])).toBeNull();
  });
});

describe('chart points and axis', () => {
  it('makes one point per item with a number, text numbers included', () => {
    expect(chartPoints(regions, { label: 'region', value: 'total' })).toEqual([
      { label: 'North', value: 61.3 },
      { label: 'East', value: 87.49 },
      { label: 'South', value: 78.19 },
      { label: 'West', value: 40.1 },
    ]);
    expect(chartPoints([{ v: 1 }, { v: 'x' }, { v: 3 }], { label: ITEM_NUMBER, value: 'v' }, 100)).toEqual([
      { label: 'Item 101', value: 1 },
      { label: 'Item 103', value: 3 },
    ]);
  });

  it('runs the axis from 0 to a round number past the largest value, below 0 for negatives', () => {
    expect(valueAxis([61.3, 87.49, 78.19, 40.1])).toEqual({ min: 0, max: 100, ticks: [0, 25, 50, 75, 100] });
    expect(valueAxis([-3, 7])).toEqual({ min: -5, max: 7.5, ticks: [-5, -2.5, 0, 2.5, 5, 7.5] });
    expect(valueAxis([0.1, 0.3]).ticks).toEqual([0, 0.1, 0.2, 0.3]);
    expect(valueAxis([0, 0])).toEqual({ min: 0, max: 1, ticks: [0, 0.25, 0.5, 0.75, 1] });
  });
});
