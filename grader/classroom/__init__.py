"""The instructor's side: rosters, the gradebook, the class report, release and platform exports."""
