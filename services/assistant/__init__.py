"""The assistant: an agent over the services (with a model), the pre-visit briefing, chat memory."""
