"""The two baselines every figure is compared with, served the same way (gunicorn, 2
workers): a constant answer to GET, and one row inserted through SQLAlchemy per POST."""

import os

from flask import Flask
from sqlalchemy import Column, Integer, MetaData, String, Table, create_engine, insert

from config import normalize_database_url

metadata = MetaData()
rows = Table(
    "bench_rows", metadata, Column("id", Integer, primary_key=True), Column("value", String(100))
)


def create_app() -> Flask:
    app = Flask(__name__)
    engine = create_engine(  # its table is made once by bench.run, not by each worker
        normalize_database_url(os.environ["BENCH_DATABASE_URL"]), pool_pre_ping=True
    )

    @app.get("/")
    def constant():
        return "ok"

    @app.get("/healthz")
    def healthz():
        return "ok"

    @app.post("/insert")
    def insert_one():
        with engine.begin() as connection:
            connection.execute(insert(rows).values(value="x"))
        return "", 201

    return app
