process.stdout.write("tclone: under construction\n");
