// The clipexp subcommands (plot and ccc: issue 7, the gallery).
import { cccCommand } from './cccCommand';
import type { Command } from './commandTypes';
import { plotCommand } from './plotCommand';
import { runCommand } from './runCommand';
import { suggestCommand } from './suggestCommand';
import { validateCommand } from './validateCommand';

export const COMMANDS: readonly Command[] = [validateCommand, runCommand, suggestCommand, plotCommand, cccCommand];
