/** Steps with little to convert: Wait and No Operation. */
import type { NodeConverter } from '../scope';
import { number, text } from '../params';

export const noOp: NodeConverter = () => ({ type: 'no-op', config: {} });

export const wait: NodeConverter = (scope) => {
  const p = scope.params;
  const resume = text(p, 'resume', 'timeInterval');
  if (resume !== 'timeInterval') {
    const how = resume === 'webhook' ? 'a web request' : resume === 'form' ? 'a form' : 'a set date and time';
    scope.notConverted('resume', `waited for ${how} in n8n, which TaskMaster can't do; the step now passes items straight on`);
    return { type: 'no-op', config: {}, replacedBy: 'no-op' };
  }
  const amount = typeof p.amount === 'string' && p.amount.startsWith('=') ? scope.value(p.amount, 'amount') : number(p, 'amount', 1);
  const unit = text(p, 'unit', 'hours');
  if (unit === 'days') {
    if (typeof amount !== 'number')
      scope.notConverted('amount', 'an expression counted in days; it is now read as hours. Multiply it by 24.');
    return { type: 'wait', config: { amount: typeof amount === 'number' ? amount * 24 : amount, unit: 'hours' } };
  }
  return { type: 'wait', config: { amount, unit: ['seconds', 'minutes', 'hours'].includes(unit) ? unit : 'hours' } };
};
