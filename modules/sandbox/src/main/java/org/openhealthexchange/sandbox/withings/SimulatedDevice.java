package org.openhealthexchange.sandbox.withings;

/** The devices every simulated user owns, with Withings' type strings, model names and model ids. */
enum SimulatedDevice {
    /** Weight and body composition. */
    SCALE("Scale", "Body Cardio", 6, "high"),
    /** Blood pressure and pulse. */
    BLOOD_PRESSURE_MONITOR("Blood Pressure Monitor", "BPM Connect", 45, "medium"),
    /** Activity, intraday heart rate, SpO2, ECG and sleep. */
    WATCH("Activity Tracker", "ScanWatch", 93, "high");

    private final String type;
    private final String model;
    private final int modelId;
    private final String battery;

    SimulatedDevice(String type, String model, int modelId, String battery) {
        this.type = type;
        this.model = model;
        this.modelId = modelId;
        this.battery = battery;
    }

    String type() {
        return type;
    }

    String model() {
        return model;
    }

    int modelId() {
        return modelId;
    }

    String battery() {
        return battery;
    }

    /** The device's id for this user: stable, 40 hex characters like Withings' own. */
    String deviceId(String userid) {
        return Seeds.hex40("device", userid, name());
    }
}
