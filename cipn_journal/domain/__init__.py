"""The pure rules of the journal: dates, symptoms, clinical thresholds and wording, trends,
alerts, the grade estimate, treatment cycles and doses, medicines. No I/O, SQL, Rich or Typer;
the clock is always a parameter."""
