// The former home of `eventually` and `waitForText`, kept only for the tests
// still importing from here (tabs, hiddenTab, bufferingProxy, protocolBudget):
// import `eventually` from tests/support/until.ts and `waitForText` from
// ./waitForText.ts, then delete this file.
export { eventually } from '../../support/until.ts';
export { waitForText } from './waitForText.ts';
