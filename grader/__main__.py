from grader.cli.entry import console_script

console_script()
