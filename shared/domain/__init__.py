"""Pure rules of certif-sco: no I/O, no clock reads, no environment reads."""
