// The clipexp subcommands. `plot` and `ccc` (issue 7) will be added here.
import type { Command } from './command';
import { runCommand } from './runCommand';
import { suggestCommand } from './suggestCommand';
import { validateCommand } from './validateCommand';

export const COMMANDS: readonly Command[] = [validateCommand, runCommand, suggestCommand];
