DROP TABLE application_photos;
