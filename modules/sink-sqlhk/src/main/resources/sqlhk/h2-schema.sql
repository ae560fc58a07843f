-- The SQLHK tables OHE touches, for H2 in MODE=MSSQLServer (local profile and tests only).
-- The SQL Server DDL of production is in docs/SQLHK.md; this is the same shape in what H2 accepts.
CREATE TABLE IF NOT EXISTS Patient (
    PatientID INT IDENTITY(1,1) PRIMARY KEY,
    M1Ziffer INT NOT NULL,
    Nachname NVARCHAR(100),
    Vorname NVARCHAR(100),
    Geburtsdatum NVARCHAR(10),
    PLZ NVARCHAR(10),
    Stadt NVARCHAR(100),
    Strasse NVARCHAR(200),
    Geschlecht INT,
    email NVARCHAR(200),
    handy NVARCHAR(50),
    versichertennr NVARCHAR(50)
);
CREATE INDEX IF NOT EXISTS IX_Patient_M1Ziffer ON Patient (M1Ziffer);
CREATE TABLE IF NOT EXISTS Untersuchungart (
    UntersuchungartID INT PRIMARY KEY,
    UntersuchungartName NVARCHAR(100),
    appointment_type NVARCHAR(4000)
);
CREATE TABLE IF NOT EXISTS Herzkatheter (
    HerzkatheterID INT IDENTITY(1,1) PRIMARY KEY,
    HerzkatheterName NVARCHAR(100),
    room_id INT
);
CREATE TABLE IF NOT EXISTS Untersucherabrechnung (
    UntersucherAbrechnungID INT IDENTITY(1,1) PRIMARY KEY,
    Name NVARCHAR(100),
    employee_id INT
);
CREATE TABLE IF NOT EXISTS Untersuchung (
    UntersuchungID INT IDENTITY(1,1) PRIMARY KEY,
    PatientID INT NOT NULL,
    UntersuchungartID INT NOT NULL,
    Datum NVARCHAR(10) NOT NULL,
    Zeit NVARCHAR(8),
    ZuweiserID INT,
    HerzkatheterID INT,
    UntersucherAbrechnungID INT,
    Bemerkung NVARCHAR(4000),
    Status NVARCHAR(50)
);
CREATE INDEX IF NOT EXISTS IX_Untersuchung_Key ON Untersuchung (PatientID, UntersuchungartID, Datum);
