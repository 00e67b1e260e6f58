"""Understanding what a writer types into search: time, figures, everyday words."""
