-- The degree photo (学位照片) of an application: a checked JPEG
-- (shared::dossier::check_photo), replaced whole on each upload.
CREATE TABLE application_photos (
    application_id BIGINT NOT NULL PRIMARY KEY REFERENCES applications(id),
    jpeg BYTEA NOT NULL,
    bytes INTEGER NOT NULL,
    width INTEGER NOT NULL,
    height INTEGER NOT NULL,
    uploaded_at TIMESTAMP NOT NULL
);
