// The clipexp subcommands, in the order `clipexp --help` lists them.
import { cccCommand } from './cccCommand';
import type { Command } from './commandTypes';
import { plotCommand } from './plotCommand';
import { runCommand } from './runCommand';
import { suggestCommand } from './suggestCommand';
import { validateCommand } from './validateCommand';

export const COMMANDS: readonly Command[] = [validateCommand, runCommand, suggestCommand, plotCommand, cccCommand];
