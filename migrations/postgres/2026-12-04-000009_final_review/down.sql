DROP TABLE hearings;
DROP TABLE final_decisions;
DROP TABLE committee_notices;
ALTER TABLE committee_meetings DROP COLUMN resolution_no;
