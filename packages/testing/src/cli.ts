#!/usr/bin/env node
// Kept tiny on purpose: everything testable lives in cli/main.ts.
import { main } from './cli/main.js';

void main(process.argv.slice(2));
